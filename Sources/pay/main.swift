print("pay")
